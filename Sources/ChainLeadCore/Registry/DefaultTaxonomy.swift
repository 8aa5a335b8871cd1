// Default taxonomy: the 15 "465" clusters with plausible key chains (the official "3010" list is not public; administrators edit this in the database).
// Policy reference data (POLICY.md): 4 landmark, 6 advantage and 5 future clusters, 2 key chains each,
// every chain split into upstream, midstream and downstream segments.
public enum DefaultTaxonomy {
    public static let clusters: [ClusterSeed] = [
        ClusterSeed(
            code: "iot", name: "物联网", nameEn: "Internet of Things", kind: .landmark,
            chains: [
                ChainSeed(
                    code: "iot-sensing", name: "智能传感器", nameEn: "Smart Sensors",
                    segments: [
                        SegmentSeed("iot-sensing-u1", .upstream, "敏感材料", "Sensing Materials"),
                        SegmentSeed("iot-sensing-u2", .upstream, "传感芯片设计", "Sensor Chip Design"),
                        SegmentSeed("iot-sensing-m1", .midstream, "微机电制造", "MEMS Fabrication"),
                        SegmentSeed("iot-sensing-m2", .midstream, "传感器封装", "Sensor Packaging"),
                        SegmentSeed("iot-sensing-m3", .midstream, "模组集成", "Module Integration"),
                        SegmentSeed("iot-sensing-d1", .downstream, "工业物联网", "Industrial IoT"),
                        SegmentSeed("iot-sensing-d2", .downstream, "智能家居", "Smart Home"),
                        SegmentSeed("iot-sensing-d3", .downstream, "车联网", "Connected Vehicles"),
                    ]
                ),
                ChainSeed(
                    code: "iot-network", name: "物联网通信与平台", nameEn: "IoT Connectivity and Platforms",
                    segments: [
                        SegmentSeed("iot-network-u1", .upstream, "通信芯片", "Communication Chips"),
                        SegmentSeed("iot-network-u2", .upstream, "射频器件", "RF Components"),
                        SegmentSeed("iot-network-m1", .midstream, "通信模组", "Communication Modules"),
                        SegmentSeed("iot-network-m2", .midstream, "网络设备", "Network Equipment"),
                        SegmentSeed("iot-network-m3", .midstream, "物联网平台", "IoT Platforms"),
                        SegmentSeed("iot-network-d1", .downstream, "智慧城市", "Smart City"),
                        SegmentSeed("iot-network-d2", .downstream, "智慧物流", "Smart Logistics"),
                    ]
                ),
            ]
        ),
        ClusterSeed(
            code: "ic", name: "集成电路", nameEn: "Integrated Circuits", kind: .landmark,
            chains: [
                ChainSeed(
                    code: "ic-fab", name: "集成电路设计与制造", nameEn: "IC Design and Manufacturing",
                    segments: [
                        SegmentSeed("ic-fab-u1", .upstream, "硅片", "Silicon Wafers"),
                        SegmentSeed("ic-fab-u2", .upstream, "光刻胶", "Photoresists"),
                        SegmentSeed("ic-fab-u3", .upstream, "电子特气", "Electronic Specialty Gases"),
                        SegmentSeed("ic-fab-u4", .upstream, "半导体设备", "Semiconductor Equipment"),
                        SegmentSeed("ic-fab-m1", .midstream, "芯片设计", "Chip Design"),
                        SegmentSeed("ic-fab-m2", .midstream, "晶圆制造", "Wafer Fabrication"),
                        SegmentSeed("ic-fab-d1", .downstream, "消费电子", "Consumer Electronics"),
                        SegmentSeed("ic-fab-d2", .downstream, "汽车电子", "Automotive Electronics"),
                    ]
                ),
                ChainSeed(
                    code: "ic-packaging", name: "集成电路封装测试", nameEn: "IC Packaging and Testing",
                    segments: [
                        SegmentSeed("ic-packaging-u1", .upstream, "封装基板", "Packaging Substrates"),
                        SegmentSeed("ic-packaging-u2", .upstream, "引线框架", "Lead Frames"),
                        SegmentSeed("ic-packaging-u3", .upstream, "键合丝", "Bonding Wires"),
                        SegmentSeed("ic-packaging-m1", .midstream, "先进封装", "Advanced Packaging"),
                        SegmentSeed("ic-packaging-m2", .midstream, "系统级封装", "System-in-Package"),
                        SegmentSeed("ic-packaging-m3", .midstream, "芯片测试", "Chip Testing"),
                        SegmentSeed("ic-packaging-d1", .downstream, "通信终端", "Communication Terminals"),
                        SegmentSeed("ic-packaging-d2", .downstream, "工业控制", "Industrial Control"),
                    ]
                ),
            ]
        ),
        ClusterSeed(
            code: "biomed", name: "生物医药", nameEn: "Biomedicine", kind: .landmark,
            chains: [
                ChainSeed(
                    code: "biomed-drugs", name: "创新药", nameEn: "Innovative Drugs",
                    segments: [
                        SegmentSeed("biomed-drugs-u1", .upstream, "医药中间体", "Pharmaceutical Intermediates"),
                        SegmentSeed("biomed-drugs-u2", .upstream, "原料药", "Active Pharmaceutical Ingredients"),
                        SegmentSeed("biomed-drugs-u3", .upstream, "药物研发外包", "Contract Research (CRO)"),
                        SegmentSeed("biomed-drugs-m1", .midstream, "化学药", "Chemical Drugs"),
                        SegmentSeed("biomed-drugs-m2", .midstream, "生物药", "Biologics"),
                        SegmentSeed("biomed-drugs-m3", .midstream, "医药合同生产", "Contract Manufacturing (CDMO)"),
                        SegmentSeed("biomed-drugs-d1", .downstream, "医药流通", "Pharmaceutical Distribution"),
                        SegmentSeed("biomed-drugs-d2", .downstream, "医疗服务", "Medical Services"),
                    ]
                ),
                ChainSeed(
                    code: "biomed-devices", name: "高端医疗器械", nameEn: "High-end Medical Devices",
                    segments: [
                        SegmentSeed("biomed-devices-u1", .upstream, "医用材料", "Medical Materials"),
                        SegmentSeed("biomed-devices-u2", .upstream, "核心部件", "Core Components"),
                        SegmentSeed("biomed-devices-m1", .midstream, "医学影像设备", "Medical Imaging Equipment"),
                        SegmentSeed("biomed-devices-m2", .midstream, "体外诊断", "In-vitro Diagnostics"),
                        SegmentSeed("biomed-devices-m3", .midstream, "植介入器械", "Implantable and Interventional Devices"),
                        SegmentSeed("biomed-devices-d1", .downstream, "医疗机构", "Healthcare Institutions"),
                        SegmentSeed("biomed-devices-d2", .downstream, "康复养老", "Rehabilitation and Elderly Care"),
                    ]
                ),
            ]
        ),
        ClusterSeed(
            code: "software", name: "软件与信息技术服务", nameEn: "Software and IT Services", kind: .landmark,
            chains: [
                ChainSeed(
                    code: "software-industrial", name: "工业软件", nameEn: "Industrial Software",
                    segments: [
                        SegmentSeed("software-industrial-u1", .upstream, "基础软件", "Foundational Software"),
                        SegmentSeed("software-industrial-u2", .upstream, "开发工具", "Development Tools"),
                        SegmentSeed("software-industrial-m1", .midstream, "研发设计软件", "R&D and Design Software"),
                        SegmentSeed("software-industrial-m2", .midstream, "生产控制软件", "Production Control Software"),
                        SegmentSeed("software-industrial-m3", .midstream, "经营管理软件", "Business Management Software"),
                        SegmentSeed("software-industrial-d1", .downstream, "智能制造", "Smart Manufacturing"),
                        SegmentSeed("software-industrial-d2", .downstream, "工业互联网", "Industrial Internet"),
                    ]
                ),
                ChainSeed(
                    code: "software-cloud", name: "云计算与大数据", nameEn: "Cloud Computing and Big Data",
                    segments: [
                        SegmentSeed("software-cloud-u1", .upstream, "服务器", "Servers"),
                        SegmentSeed("software-cloud-u2", .upstream, "存储设备", "Storage Equipment"),
                        SegmentSeed("software-cloud-u3", .upstream, "数据中心", "Data Centres"),
                        SegmentSeed("software-cloud-m1", .midstream, "云服务", "Cloud Services"),
                        SegmentSeed("software-cloud-m2", .midstream, "大数据服务", "Big Data Services"),
                        SegmentSeed("software-cloud-m3", .midstream, "信息安全", "Information Security"),
                        SegmentSeed("software-cloud-d1", .downstream, "数字政务", "Digital Government"),
                        SegmentSeed("software-cloud-d2", .downstream, "金融科技", "Financial Technology"),
                    ]
                ),
            ]
        ),
        ClusterSeed(
            code: "equipment", name: "高端装备", nameEn: "High-end Equipment", kind: .advantage,
            chains: [
                ChainSeed(
                    code: "equipment-robotics", name: "智能制造装备", nameEn: "Intelligent Manufacturing Equipment",
                    segments: [
                        SegmentSeed("equipment-robotics-u1", .upstream, "数控系统", "CNC Systems"),
                        SegmentSeed("equipment-robotics-u2", .upstream, "精密减速器", "Precision Reducers"),
                        SegmentSeed("equipment-robotics-u3", .upstream, "伺服电机", "Servo Motors"),
                        SegmentSeed("equipment-robotics-m1", .midstream, "工业机器人", "Industrial Robots"),
                        SegmentSeed("equipment-robotics-m2", .midstream, "数控机床", "CNC Machine Tools"),
                        SegmentSeed("equipment-robotics-m3", .midstream, "智能产线", "Intelligent Production Lines"),
                        SegmentSeed("equipment-robotics-d1", .downstream, "汽车制造", "Automotive Manufacturing"),
                        SegmentSeed("equipment-robotics-d2", .downstream, "电子制造", "Electronics Manufacturing"),
                    ]
                ),
                ChainSeed(
                    code: "equipment-aero", name: "航空航天装备", nameEn: "Aerospace Equipment",
                    segments: [
                        SegmentSeed("equipment-aero-u1", .upstream, "高温合金", "Superalloys"),
                        SegmentSeed("equipment-aero-u2", .upstream, "复合材料", "Composite Materials"),
                        SegmentSeed("equipment-aero-u3", .upstream, "精密锻铸件", "Precision Forgings and Castings"),
                        SegmentSeed("equipment-aero-m1", .midstream, "航空发动机部件", "Aero-engine Components"),
                        SegmentSeed("equipment-aero-m2", .midstream, "机载设备", "Airborne Equipment"),
                        SegmentSeed("equipment-aero-m3", .midstream, "卫星制造", "Satellite Manufacturing"),
                        SegmentSeed("equipment-aero-d1", .downstream, "通用航空", "General Aviation"),
                        SegmentSeed("equipment-aero-d2", .downstream, "航空维修", "Aircraft Maintenance"),
                    ]
                ),
            ]
        ),
        ClusterSeed(
            code: "textile", name: "高端纺织服装", nameEn: "High-end Textiles and Apparel", kind: .advantage,
            chains: [
                ChainSeed(
                    code: "textile-fabric", name: "功能性纺织材料", nameEn: "Functional Textile Materials",
                    segments: [
                        SegmentSeed("textile-fabric-u1", .upstream, "化纤原料", "Chemical Fibre Feedstock"),
                        SegmentSeed("textile-fabric-u2", .upstream, "差别化纤维", "Differentiated Fibres"),
                        SegmentSeed("textile-fabric-m1", .midstream, "纺纱", "Spinning"),
                        SegmentSeed("textile-fabric-m2", .midstream, "织造", "Weaving"),
                        SegmentSeed("textile-fabric-m3", .midstream, "印染整理", "Dyeing and Finishing"),
                        SegmentSeed("textile-fabric-d1", .downstream, "产业用纺织品", "Technical Textiles"),
                        SegmentSeed("textile-fabric-d2", .downstream, "家用纺织品", "Home Textiles"),
                    ]
                ),
                ChainSeed(
                    code: "textile-apparel", name: "品牌服装", nameEn: "Branded Apparel",
                    segments: [
                        SegmentSeed("textile-apparel-u1", .upstream, "服装面料", "Apparel Fabrics"),
                        SegmentSeed("textile-apparel-u2", .upstream, "服装辅料", "Trims and Accessories"),
                        SegmentSeed("textile-apparel-m1", .midstream, "服装设计", "Fashion Design"),
                        SegmentSeed("textile-apparel-m2", .midstream, "服装制造", "Garment Manufacturing"),
                        SegmentSeed("textile-apparel-m3", .midstream, "智能定制", "Smart Customisation"),
                        SegmentSeed("textile-apparel-d1", .downstream, "品牌零售", "Brand Retail"),
                        SegmentSeed("textile-apparel-d2", .downstream, "电子商务", "E-commerce"),
                    ]
                ),
            ]
        ),
        ClusterSeed(
            code: "envtech", name: "节能环保", nameEn: "Energy Saving and Environmental Protection", kind: .advantage,
            chains: [
                ChainSeed(
                    code: "envtech-water", name: "水处理与环保装备", nameEn: "Water Treatment and Environmental Equipment",
                    segments: [
                        SegmentSeed("envtech-water-u1", .upstream, "膜材料", "Membrane Materials"),
                        SegmentSeed("envtech-water-u2", .upstream, "水处理药剂", "Water Treatment Chemicals"),
                        SegmentSeed("envtech-water-u3", .upstream, "泵阀", "Pumps and Valves"),
                        SegmentSeed("envtech-water-m1", .midstream, "水处理装备", "Water Treatment Equipment"),
                        SegmentSeed("envtech-water-m2", .midstream, "大气治理装备", "Air Pollution Control Equipment"),
                        SegmentSeed("envtech-water-m3", .midstream, "固废处理装备", "Solid Waste Treatment Equipment"),
                        SegmentSeed("envtech-water-d1", .downstream, "环境工程", "Environmental Engineering"),
                        SegmentSeed("envtech-water-d2", .downstream, "环保运营服务", "Environmental Operation Services"),
                    ]
                ),
                ChainSeed(
                    code: "envtech-energy", name: "节能装备与服务", nameEn: "Energy-saving Equipment and Services",
                    segments: [
                        SegmentSeed("envtech-energy-u1", .upstream, "高效电机", "High-efficiency Motors"),
                        SegmentSeed("envtech-energy-u2", .upstream, "节能材料", "Energy-saving Materials"),
                        SegmentSeed("envtech-energy-m1", .midstream, "余热利用装备", "Waste-heat Recovery Equipment"),
                        SegmentSeed("envtech-energy-m2", .midstream, "高效换热器", "High-efficiency Heat Exchangers"),
                        SegmentSeed("envtech-energy-m3", .midstream, "节能控制系统", "Energy-saving Control Systems"),
                        SegmentSeed("envtech-energy-d1", .downstream, "合同能源管理", "Energy Performance Contracting"),
                        SegmentSeed("envtech-energy-d2", .downstream, "资源循环利用", "Resource Recycling"),
                    ]
                ),
            ]
        ),
        ClusterSeed(
            code: "materials", name: "特色新材料", nameEn: "Specialty New Materials", kind: .advantage,
            chains: [
                ChainSeed(
                    code: "materials-metal", name: "特种金属材料", nameEn: "Specialty Metal Materials",
                    segments: [
                        SegmentSeed("materials-metal-u1", .upstream, "合金原料", "Alloy Raw Materials"),
                        SegmentSeed("materials-metal-u2", .upstream, "废钢回收", "Scrap Steel Recycling"),
                        SegmentSeed("materials-metal-m1", .midstream, "特殊钢冶炼", "Special Steel Making"),
                        SegmentSeed("materials-metal-m2", .midstream, "精密合金", "Precision Alloys"),
                        SegmentSeed("materials-metal-m3", .midstream, "金属制品", "Metal Products"),
                        SegmentSeed("materials-metal-d1", .downstream, "机械装备", "Machinery and Equipment"),
                        SegmentSeed("materials-metal-d2", .downstream, "能源装备", "Energy Equipment"),
                    ]
                ),
                ChainSeed(
                    code: "materials-electronic", name: "电子信息材料", nameEn: "Electronic Information Materials",
                    segments: [
                        SegmentSeed("materials-electronic-u1", .upstream, "高纯金属", "High-purity Metals"),
                        SegmentSeed("materials-electronic-u2", .upstream, "基础化工原料", "Basic Chemical Feedstock"),
                        SegmentSeed("materials-electronic-m1", .midstream, "电子特气", "Electronic Specialty Gases"),
                        SegmentSeed("materials-electronic-m2", .midstream, "湿电子化学品", "Wet Electronic Chemicals"),
                        SegmentSeed("materials-electronic-m3", .midstream, "覆铜板", "Copper-clad Laminates"),
                        SegmentSeed("materials-electronic-d1", .downstream, "集成电路", "Integrated Circuits"),
                        SegmentSeed("materials-electronic-d2", .downstream, "显示面板", "Display Panels"),
                        SegmentSeed("materials-electronic-d3", .downstream, "印制电路板", "Printed Circuit Boards"),
                    ]
                ),
            ]
        ),
        ClusterSeed(
            code: "newenergy", name: "新能源", nameEn: "New Energy", kind: .advantage,
            chains: [
                ChainSeed(
                    code: "newenergy-pv", name: "光伏", nameEn: "Photovoltaics",
                    segments: [
                        SegmentSeed("newenergy-pv-u1", .upstream, "多晶硅", "Polysilicon"),
                        SegmentSeed("newenergy-pv-u2", .upstream, "硅片", "Silicon Wafers"),
                        SegmentSeed("newenergy-pv-u3", .upstream, "光伏辅材", "PV Auxiliary Materials"),
                        SegmentSeed("newenergy-pv-m1", .midstream, "电池片", "Solar Cells"),
                        SegmentSeed("newenergy-pv-m2", .midstream, "光伏组件", "PV Modules"),
                        SegmentSeed("newenergy-pv-m3", .midstream, "逆变器", "Inverters"),
                        SegmentSeed("newenergy-pv-d1", .downstream, "集中式电站", "Utility-scale PV Plants"),
                        SegmentSeed("newenergy-pv-d2", .downstream, "分布式光伏", "Distributed PV"),
                    ]
                ),
                ChainSeed(
                    code: "newenergy-wind", name: "风电装备", nameEn: "Wind Power Equipment",
                    segments: [
                        SegmentSeed("newenergy-wind-u1", .upstream, "叶片材料", "Blade Materials"),
                        SegmentSeed("newenergy-wind-u2", .upstream, "风电轴承", "Wind Turbine Bearings"),
                        SegmentSeed("newenergy-wind-u3", .upstream, "铸锻件", "Castings and Forgings"),
                        SegmentSeed("newenergy-wind-m1", .midstream, "齿轮箱", "Gearboxes"),
                        SegmentSeed("newenergy-wind-m2", .midstream, "发电机", "Generators"),
                        SegmentSeed("newenergy-wind-m3", .midstream, "整机制造", "Wind Turbine Assembly"),
                        SegmentSeed("newenergy-wind-d1", .downstream, "陆上风电", "Onshore Wind Farms"),
                        SegmentSeed("newenergy-wind-d2", .downstream, "海上风电", "Offshore Wind Farms"),
                    ]
                ),
            ]
        ),
        ClusterSeed(
            code: "auto", name: "汽车及零部件(含新能源汽车)", nameEn: "Automobiles and Parts (incl. NEVs)", kind: .advantage,
            chains: [
                ChainSeed(
                    code: "auto-nev", name: "新能源汽车整车与三电", nameEn: "NEV Vehicles and Electric Powertrain",
                    segments: [
                        SegmentSeed("auto-nev-u1", .upstream, "锂电材料", "Lithium Battery Materials"),
                        SegmentSeed("auto-nev-u2", .upstream, "功率半导体", "Power Semiconductors"),
                        SegmentSeed("auto-nev-m1", .midstream, "动力电池", "Power Batteries"),
                        SegmentSeed("auto-nev-m2", .midstream, "驱动电机", "Drive Motors"),
                        SegmentSeed("auto-nev-m3", .midstream, "电控系统", "Electronic Control Systems"),
                        SegmentSeed("auto-nev-m4", .midstream, "整车制造", "Vehicle Manufacturing"),
                        SegmentSeed("auto-nev-d1", .downstream, "充换电服务", "Charging and Battery Swapping"),
                        SegmentSeed("auto-nev-d2", .downstream, "汽车后市场", "Automotive Aftermarket"),
                    ]
                ),
                ChainSeed(
                    code: "auto-parts", name: "汽车关键零部件", nameEn: "Key Automotive Parts",
                    segments: [
                        SegmentSeed("auto-parts-u1", .upstream, "钢铝材料", "Steel and Aluminium Materials"),
                        SegmentSeed("auto-parts-u2", .upstream, "汽车芯片", "Automotive Chips"),
                        SegmentSeed("auto-parts-m1", .midstream, "发动机零部件", "Engine Components"),
                        SegmentSeed("auto-parts-m2", .midstream, "底盘系统", "Chassis Systems"),
                        SegmentSeed("auto-parts-m3", .midstream, "车身内外饰", "Body Interior and Exterior Trim"),
                        SegmentSeed("auto-parts-m4", .midstream, "智能驾驶系统", "Intelligent Driving Systems"),
                        SegmentSeed("auto-parts-d1", .downstream, "整车配套", "OEM Supply"),
                        SegmentSeed("auto-parts-d2", .downstream, "售后维修", "Aftersales and Repair"),
                    ]
                ),
            ]
        ),
        ClusterSeed(
            code: "ai", name: "人工智能和元宇宙", nameEn: "AI and Metaverse", kind: .future,
            chains: [
                ChainSeed(
                    code: "ai-models", name: "人工智能核心产业", nameEn: "Core AI Industry",
                    segments: [
                        SegmentSeed("ai-models-u1", .upstream, "智能芯片", "AI Chips"),
                        SegmentSeed("ai-models-u2", .upstream, "智算中心", "Intelligent Computing Centres"),
                        SegmentSeed("ai-models-u3", .upstream, "数据标注", "Data Annotation"),
                        SegmentSeed("ai-models-m1", .midstream, "大模型", "Large Models"),
                        SegmentSeed("ai-models-m2", .midstream, "计算机视觉", "Computer Vision"),
                        SegmentSeed("ai-models-m3", .midstream, "智能语音", "Intelligent Speech"),
                        SegmentSeed("ai-models-d1", .downstream, "智能制造", "Smart Manufacturing"),
                        SegmentSeed("ai-models-d2", .downstream, "智慧医疗", "Smart Healthcare"),
                    ]
                ),
                ChainSeed(
                    code: "ai-metaverse", name: "元宇宙", nameEn: "Metaverse",
                    segments: [
                        SegmentSeed("ai-metaverse-u1", .upstream, "显示器件", "Display Devices"),
                        SegmentSeed("ai-metaverse-u2", .upstream, "光学模组", "Optical Modules"),
                        SegmentSeed("ai-metaverse-u3", .upstream, "三维引擎", "3D Engines"),
                        SegmentSeed("ai-metaverse-m1", .midstream, "虚拟现实终端", "VR/AR Devices"),
                        SegmentSeed("ai-metaverse-m2", .midstream, "数字孪生", "Digital Twins"),
                        SegmentSeed("ai-metaverse-m3", .midstream, "数字内容制作", "Digital Content Production"),
                        SegmentSeed("ai-metaverse-d1", .downstream, "工业元宇宙", "Industrial Metaverse"),
                        SegmentSeed("ai-metaverse-d2", .downstream, "文旅元宇宙", "Cultural Tourism Metaverse"),
                    ]
                ),
            ]
        ),
        ClusterSeed(
            code: "quantum", name: "量子科技", nameEn: "Quantum Technology", kind: .future,
            chains: [
                ChainSeed(
                    code: "quantum-comm", name: "量子通信", nameEn: "Quantum Communication",
                    segments: [
                        SegmentSeed("quantum-comm-u1", .upstream, "单光子探测器", "Single-photon Detectors"),
                        SegmentSeed("quantum-comm-u2", .upstream, "光量子器件", "Photonic Quantum Devices"),
                        SegmentSeed("quantum-comm-m1", .midstream, "量子密钥分发设备", "QKD Equipment"),
                        SegmentSeed("quantum-comm-m2", .midstream, "量子安全网络", "Quantum-secure Networks"),
                        SegmentSeed("quantum-comm-d1", .downstream, "政务专网", "Government Private Networks"),
                        SegmentSeed("quantum-comm-d2", .downstream, "金融安全", "Financial Security"),
                    ]
                ),
                ChainSeed(
                    code: "quantum-computing", name: "量子计算与精密测量", nameEn: "Quantum Computing and Precision Measurement",
                    segments: [
                        SegmentSeed("quantum-computing-u1", .upstream, "稀释制冷机", "Dilution Refrigerators"),
                        SegmentSeed("quantum-computing-u2", .upstream, "超导材料", "Superconducting Materials"),
                        SegmentSeed("quantum-computing-u3", .upstream, "激光器", "Lasers"),
                        SegmentSeed("quantum-computing-m1", .midstream, "量子芯片", "Quantum Chips"),
                        SegmentSeed("quantum-computing-m2", .midstream, "量子计算机", "Quantum Computers"),
                        SegmentSeed("quantum-computing-m3", .midstream, "量子测量仪器", "Quantum Measurement Instruments"),
                        SegmentSeed("quantum-computing-d1", .downstream, "量子计算云", "Quantum Computing Cloud"),
                        SegmentSeed("quantum-computing-d2", .downstream, "导航与勘探", "Navigation and Exploration"),
                    ]
                ),
            ]
        ),
        ClusterSeed(
            code: "semi3", name: "第三代半导体", nameEn: "Third-generation Semiconductors", kind: .future,
            chains: [
                ChainSeed(
                    code: "semi3-sic", name: "碳化硅功率器件", nameEn: "Silicon Carbide Power Devices",
                    segments: [
                        SegmentSeed("semi3-sic-u1", .upstream, "碳化硅衬底", "SiC Substrates"),
                        SegmentSeed("semi3-sic-u2", .upstream, "外延片", "Epitaxial Wafers"),
                        SegmentSeed("semi3-sic-m1", .midstream, "器件设计", "Device Design"),
                        SegmentSeed("semi3-sic-m2", .midstream, "器件制造", "Device Fabrication"),
                        SegmentSeed("semi3-sic-m3", .midstream, "模块封装", "Module Packaging"),
                        SegmentSeed("semi3-sic-d1", .downstream, "新能源汽车", "New Energy Vehicles"),
                        SegmentSeed("semi3-sic-d2", .downstream, "光伏储能", "PV and Energy Storage"),
                    ]
                ),
                ChainSeed(
                    code: "semi3-gan", name: "氮化镓器件", nameEn: "Gallium Nitride Devices",
                    segments: [
                        SegmentSeed("semi3-gan-u1", .upstream, "氮化镓衬底", "GaN Substrates"),
                        SegmentSeed("semi3-gan-u2", .upstream, "外延材料", "Epitaxial Materials"),
                        SegmentSeed("semi3-gan-m1", .midstream, "射频器件", "RF Devices"),
                        SegmentSeed("semi3-gan-m2", .midstream, "功率器件", "Power Devices"),
                        SegmentSeed("semi3-gan-m3", .midstream, "光电器件", "Optoelectronic Devices"),
                        SegmentSeed("semi3-gan-d1", .downstream, "通信基站", "Telecom Base Stations"),
                        SegmentSeed("semi3-gan-d2", .downstream, "快充电源", "Fast-charging Power Supplies"),
                        SegmentSeed("semi3-gan-d3", .downstream, "新型显示", "Next-generation Displays"),
                    ]
                ),
            ]
        ),
        ClusterSeed(
            code: "hydrogen", name: "氢能和储能", nameEn: "Hydrogen and Energy Storage", kind: .future,
            chains: [
                ChainSeed(
                    code: "hydrogen-fuelcell", name: "氢能与燃料电池", nameEn: "Hydrogen and Fuel Cells",
                    segments: [
                        SegmentSeed("hydrogen-fuelcell-u1", .upstream, "制氢", "Hydrogen Production"),
                        SegmentSeed("hydrogen-fuelcell-u2", .upstream, "储运氢", "Hydrogen Storage and Transport"),
                        SegmentSeed("hydrogen-fuelcell-u3", .upstream, "加氢站", "Hydrogen Refuelling Stations"),
                        SegmentSeed("hydrogen-fuelcell-m1", .midstream, "膜电极", "Membrane Electrode Assemblies"),
                        SegmentSeed("hydrogen-fuelcell-m2", .midstream, "双极板", "Bipolar Plates"),
                        SegmentSeed("hydrogen-fuelcell-m3", .midstream, "燃料电池系统", "Fuel Cell Systems"),
                        SegmentSeed("hydrogen-fuelcell-d1", .downstream, "燃料电池汽车", "Fuel Cell Vehicles"),
                        SegmentSeed("hydrogen-fuelcell-d2", .downstream, "氢能发电", "Hydrogen Power Generation"),
                    ]
                ),
                ChainSeed(
                    code: "hydrogen-storage", name: "新型储能", nameEn: "New-type Energy Storage",
                    segments: [
                        SegmentSeed("hydrogen-storage-u1", .upstream, "正极材料", "Cathode Materials"),
                        SegmentSeed("hydrogen-storage-u2", .upstream, "负极材料", "Anode Materials"),
                        SegmentSeed("hydrogen-storage-u3", .upstream, "电解液与隔膜", "Electrolytes and Separators"),
                        SegmentSeed("hydrogen-storage-m1", .midstream, "储能电芯", "Energy Storage Cells"),
                        SegmentSeed("hydrogen-storage-m2", .midstream, "储能变流器", "Power Conversion Systems"),
                        SegmentSeed("hydrogen-storage-m3", .midstream, "系统集成", "System Integration"),
                        SegmentSeed("hydrogen-storage-d1", .downstream, "电网侧储能", "Grid-side Energy Storage"),
                        SegmentSeed("hydrogen-storage-d2", .downstream, "工商业储能", "Commercial and Industrial Storage"),
                    ]
                ),
            ]
        ),
        ClusterSeed(
            code: "deepsea", name: "深海装备", nameEn: "Deep-sea Equipment", kind: .future,
            chains: [
                ChainSeed(
                    code: "deepsea-submersible", name: "深海潜水器", nameEn: "Deep-sea Submersibles",
                    segments: [
                        SegmentSeed("deepsea-submersible-u1", .upstream, "耐压结构", "Pressure Hulls"),
                        SegmentSeed("deepsea-submersible-u2", .upstream, "浮力材料", "Buoyancy Materials"),
                        SegmentSeed("deepsea-submersible-u3", .upstream, "水下推进器", "Underwater Thrusters"),
                        SegmentSeed("deepsea-submersible-m1", .midstream, "载人潜水器", "Manned Submersibles"),
                        SegmentSeed("deepsea-submersible-m2", .midstream, "无人潜水器", "Unmanned Underwater Vehicles"),
                        SegmentSeed("deepsea-submersible-m3", .midstream, "水声通信", "Underwater Acoustic Communication"),
                        SegmentSeed("deepsea-submersible-d1", .downstream, "海洋科考", "Marine Scientific Research"),
                        SegmentSeed("deepsea-submersible-d2", .downstream, "深海救援", "Deep-sea Rescue"),
                    ]
                ),
                ChainSeed(
                    code: "deepsea-offshore", name: "海洋工程装备", nameEn: "Offshore Engineering Equipment",
                    segments: [
                        SegmentSeed("deepsea-offshore-u1", .upstream, "船用钢材", "Marine Steel"),
                        SegmentSeed("deepsea-offshore-u2", .upstream, "海工配套设备", "Offshore Supporting Equipment"),
                        SegmentSeed("deepsea-offshore-u3", .upstream, "水下传感器", "Underwater Sensors"),
                        SegmentSeed("deepsea-offshore-m1", .midstream, "海洋钻井平台", "Offshore Drilling Platforms"),
                        SegmentSeed("deepsea-offshore-m2", .midstream, "水下生产系统", "Subsea Production Systems"),
                        SegmentSeed("deepsea-offshore-m3", .midstream, "海底管缆", "Subsea Pipelines and Cables"),
                        SegmentSeed("deepsea-offshore-d1", .downstream, "海洋油气开发", "Offshore Oil and Gas"),
                        SegmentSeed("deepsea-offshore-d2", .downstream, "深海矿产开发", "Deep-sea Mining"),
                    ]
                ),
            ]
        ),
    ]
}
